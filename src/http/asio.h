#pragma once
// The one place Asio/Beast are included from. <utility> must precede Asio 1.74's
// awaitable.hpp (it uses std::exchange without including it).
#include <utility>

#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace deskd::http {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = boost::asio::ip::tcp;
}  // namespace deskd::http
